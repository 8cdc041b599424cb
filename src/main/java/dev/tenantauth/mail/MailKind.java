package dev.tenantauth.mail;

import java.util.Optional;

/** What a mail is; each kind has a text and an HTML template, {@code templates/mail/<wire>.txt|html}. */
public enum MailKind {
    VERIFY("verify"),
    RESET("reset"),
    RESET_NOTICE("reset_notice"),
    CHANGE_CONFIRM("change_confirm"),
    CHANGE_NOTICE("change_notice"),
    INVITATION("invitation");

    private final String wire;

    MailKind(String wire) {
        this.wire = wire;
    }

    /** The name in {@code mail_outbox.kind} (CHECK constraint in V17) and in metrics. */
    public String wire() {
        return wire;
    }

    public static Optional<MailKind> parse(String wire) {
        for (MailKind k : values()) {
            if (k.wire.equals(wire)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
