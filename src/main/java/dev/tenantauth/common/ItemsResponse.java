package dev.tenantauth.common;

import java.util.List;

/** A list answer without paging: {@code {"items":[…]}}. */
public record ItemsResponse<T>(List<T> items) {}
