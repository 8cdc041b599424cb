package dev.tenantauth.mail;

import dev.tenantauth.config.AuthConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders mails from the Qute templates {@code templates/mail/<kind>.txt} and {@code .html}
 * (HTML escaped by Qute), with subjects and links from configuration: a link is the configured
 * template with {@code {token}} replaced, never anything taken from a request.
 */
@ApplicationScoped
public class Letters {

    private final Engine engine;
    private final AuthConfig.Mail config;

    Letters(Engine engine, AuthConfig config) {
        this.engine = engine;
        this.config = config.mail();
    }

    public String verifyLink(String token) {
        return link(config.verifyLink(), token);
    }

    public String resetLink(String token) {
        return link(config.resetLink(), token);
    }

    public String invitationLink(String token) {
        return link(config.invitationLink(), token);
    }

    /** The mail of {@code kind} to {@code to}; {@code data} are the template's values. */
    public Letter render(MailKind kind, String to, Map<String, Object> data) {
        Map<String, Object> all = new HashMap<>(data);
        all.put("to", to);
        return new Letter(to, subject(kind), template(kind, "txt").data(all).render(),
                template(kind, "html").data(all).render());
    }

    private Template template(MailKind kind, String suffix) {
        Template t = engine.getTemplate("mail/" + kind.wire() + "." + suffix);
        if (t == null) {
            throw new IllegalStateException("missing mail template mail/" + kind.wire() + "." + suffix);
        }
        return t;
    }

    private String subject(MailKind kind) {
        return switch (kind) {
            case VERIFY -> config.subjectVerify();
            case RESET -> config.subjectReset();
            case RESET_NOTICE -> config.subjectResetNotice();
            case CHANGE_CONFIRM -> config.subjectChangeConfirm();
            case CHANGE_NOTICE -> config.subjectChangeNotice();
            case INVITATION -> config.subjectInvitation();
        };
    }

    /** "24 hours", "30 minutes", "7 days": a lifetime as a mail says it. */
    public static String human(java.time.Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return plural(s / 86400, "day");
        }
        if (s % 3600 == 0) {
            return plural(s / 3600, "hour");
        }
        if (s % 60 == 0) {
            return plural(s / 60, "minute");
        }
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String link(String template, String token) {
        return template.replace("{token}", URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
}
