package dev.tenantauth.mail;

/** A composed mail, ready for SMTP. Holds a token in its body: never logged, never stored. */
public record Letter(String to, String subject, String text, String html) {

    @Override
    public String toString() {
        return "Letter[" + subject + "]";
    }
}
