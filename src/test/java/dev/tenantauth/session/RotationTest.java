package dev.tenantauth.session;

import static dev.tenantauth.support.Build.session;
import static dev.tenantauth.support.Build.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Why a refresh token that could not be rotated is refused: plain JUnit, no database. */
class RotationTest {

    @Test
    void refusalWhenTokenWasRotatedBeforeThenReuseOfItsSession() {
        Session s = session().build();
        Rotation r = Rotation.refusal(token().rotated().build(), s);
        assertSame(s, assertInstanceOf(Rotation.Reused.class, r).session());
    }

    @Test
    void refusalWhenRotatedTokenOfARevokedSessionThenStillReuse() {
        Session s = session().revoked().build();
        assertInstanceOf(Rotation.Reused.class, Rotation.refusal(token().rotated().revoked().build(), s));
    }

    @Test
    void refusalWhenTokenRevokedThenSessionEnded() {
        assertEquals(Rotation.SESSION_ENDED, Rotation.refusal(token().revoked().build(), session().revoked().build()));
    }

    @Test
    void refusalWhenTokenExpiredThenExpired() {
        assertEquals(Rotation.EXPIRED, Rotation.refusal(token().expired().build(), session().build()));
    }

    @Test
    void refusalWhenNoTokenOrNoSessionThenUnknown() {
        assertEquals(Rotation.UNKNOWN, Rotation.refusal(null, session().build()));
        assertEquals(Rotation.UNKNOWN, Rotation.refusal(token().build(), null));
    }

    @Test
    void sessionIsActiveUntilItsAbsoluteEndUnlessRevoked() {
        assertEquals(true, session().build().isActive(dev.tenantauth.support.Build.NOW));
        assertEquals(false, session().revoked().build().isActive(dev.tenantauth.support.Build.NOW));
        assertEquals(false, session().endedAt(dev.tenantauth.support.Build.NOW).build().isActive(dev.tenantauth.support.Build.NOW));
    }
}
