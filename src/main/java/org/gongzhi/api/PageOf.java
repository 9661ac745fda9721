package org.gongzhi.api;

import java.util.List;

/**
 * One page of a list: {@code page} counts from 0, {@code totalItems} is the whole list's size.
 * Every list of {@code /api/v1} answers in this shape.
 */
public record PageOf<T>(List<T> items, int page, int size, long totalItems, long totalPages) {

  public static <T> PageOf<T> of(List<T> items, Paging paging, long total) {
    return new PageOf<>(items, paging.page(), paging.size(), total, (total + paging.size() - 1) / paging.size());
  }
}
