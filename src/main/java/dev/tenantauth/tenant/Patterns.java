package dev.tenantauth.tenant;

/** Input patterns shared by request records. */
public final class Patterns {
    /** Tenant slugs, as in the contract (and the CHECK constraint in V1). */
    public static final String SLUG = "^[a-z0-9][a-z0-9-]{1,62}$";
    /** Text without control characters (PostgreSQL refuses NUL; logs and UIs dislike the rest). */
    public static final String PRINTABLE = "^[^\\p{Cntrl}]*\\S[^\\p{Cntrl}]*$";
    /** One @, no spaces or control characters around it; leading and trailing blanks are trimmed later. */
    public static final String EMAIL = "^\\s*[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+\\s*$";

    private Patterns() {}
}
