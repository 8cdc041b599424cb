package dev.tenantauth.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One page of GET /v1/me/sessions, newest first; {@code next_cursor} is null on the last page. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SessionPageResponse(List<SessionResponse> items, String nextCursor) {}
