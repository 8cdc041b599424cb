package dev.tenantauth.common;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link Role} as its lower-case wire name, matching the CHECK constraint in V1. */
@Converter(autoApply = true)
public class RoleConverter implements AttributeConverter<Role, String> {

    @Override
    public String convertToDatabaseColumn(Role role) {
        return role == null ? null : role.wire();
    }

    @Override
    public Role convertToEntityAttribute(String value) {
        return value == null
                ? null
                : Role.parse(value).orElseThrow(() -> new IllegalStateException("unknown role in database"));
    }
}
