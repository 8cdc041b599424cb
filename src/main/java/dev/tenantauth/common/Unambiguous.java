package dev.tenantauth.common;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value (an email address, slug or display name) must look like exactly one value:
 * {@link TextRules}. On every request field that carries one; null passes (use @NotNull).
 * A refusal answers 400 {@code validation_failed} naming the field.
 */
@Documented
@Constraint(validatedBy = UnambiguousValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Unambiguous {

    TextRules.Kind value();

    String message() default "must not contain invisible or lookalike characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
