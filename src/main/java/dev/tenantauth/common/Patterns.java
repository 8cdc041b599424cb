package dev.tenantauth.common;

/** Input patterns shared by request records. */
public final class Patterns {
    /** Tenant slugs, as in the contract (and the CHECK constraint in V1). */
    public static final String SLUG = "^[a-z0-9][a-z0-9-]{1,62}$";
    /**
     * Text with at least one visible character and no control characters or lone surrogates
     * (PostgreSQL refuses NUL; logs and UIs dislike the rest).
     */
    public static final String PRINTABLE = "^[^\\p{Cc}\\p{Cs}]*[^\\p{Cc}\\p{Cs}\\s][^\\p{Cc}\\p{Cs}]*$";
    /** One @, no spaces or control characters around it; leading and trailing blanks are trimmed later. */
    public static final String EMAIL =
            "^\\s*[^@\\s\\p{Cc}\\p{Cs}]{1,64}@[^@\\s\\p{Cc}\\p{Cs}]+\\.[^@\\s\\p{Cc}\\p{Cs}]+\\s*$";

    /**
     * Well-formed Unicode: no lone surrogate (a JSON escape such as {@code \ud800} decodes to one,
     * and UTF-8 encoding would turn it into "?", so eight of them would all equal "????????").
     */
    public static final String WELL_FORMED = "^[^\\p{Cs}]*$";
    public static final String WELL_FORMED_MESSAGE = "must be well-formed Unicode (no lone surrogates)";

    /** A role's wire name. */
    public static final String ROLE = "^(owner|admin|member)$";

    private Patterns() {}
}
