package dev.tenantauth.common;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** Checks {@link Unambiguous} with {@link TextRules}, reporting the rule's own message. */
public class UnambiguousValidator implements ConstraintValidator<Unambiguous, String> {

    private TextRules.Kind kind;

    @Override
    public void initialize(Unambiguous annotation) {
        this.kind = annotation.value();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        Optional<String> problem = TextRules.problem(value, kind);
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // the message is ours, not user input, but escape EL delimiters all the same
        context.buildConstraintViolationWithTemplate(problem.get().replace("{", "\\{").replace("$", "\\$"))
                .addConstraintViolation();
        return false;
    }
}
