package dev.tenantauth.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One page of members; {@code next_cursor} is null on the last page. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MemberPageResponse(List<MemberResponse> items, String nextCursor) {}
