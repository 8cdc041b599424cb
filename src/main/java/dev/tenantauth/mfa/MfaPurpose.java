package dev.tenantauth.mfa;

/** What an mfa_token may finish: a login, an enrollment (first TOTP), or a step-up on switch. */
public enum MfaPurpose {
    LOGIN("login"),
    ENROLLMENT("enrollment"),
    STEP_UP("step_up");

    private final String wire;

    MfaPurpose(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    static MfaPurpose of(String wire) {
        for (MfaPurpose p : values()) {
            if (p.wire.equals(wire)) {
                return p;
            }
        }
        throw new IllegalArgumentException(wire);
    }
}
