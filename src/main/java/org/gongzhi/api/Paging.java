package org.gongzhi.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.gongzhi.system.InvalidInputException;

/**
 * {@code page} (from 0), {@code size} (1–{@value #MAX_SIZE}, default {@value #DEFAULT_SIZE}) and {@code sort}
 * ({@code field} or {@code field,asc|desc}) of a list request, checked: a sort field outside the list's documented
 * ones is a 400 naming {@code sort}, never a column name passed through to SQL.
 */
public record Paging(int page, int size, String orderBy) {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;

  /**
   * @param sortable API sort field → SQL expression; the first entry's field is the default
   * @param defaultSort e.g. {@code createdAt,desc}
   * @param tieBreaker  a unique column, so that pages never overlap
   */
  public static Paging of(Integer page, Integer size, String sort, Map<String, String> sortable, String defaultSort, String tieBreaker) {
    List<FieldProblem> problems = new ArrayList<>();
    int p = page == null ? 0 : page;
    int s = size == null ? DEFAULT_SIZE : size;
    if (p < 0 || p > 100_000) {
      problems.add(new FieldProblem("page", "paging.page"));
    }
    if (s < 1 || s > MAX_SIZE) {
      problems.add(new FieldProblem("size", "paging.size", MAX_SIZE));
    }
    String[] parts = (sort == null || sort.isBlank() ? defaultSort : sort.strip()).split(",", -1);
    String column = sortable.get(parts[0]);
    String direction = parts.length > 1 ? parts[1].strip().toLowerCase(java.util.Locale.ROOT) : "asc";
    if (column == null || parts.length > 2 || !(direction.equals("asc") || direction.equals("desc"))) {
      problems.add(new FieldProblem("sort", "paging.sort", String.join(", ", sortable.keySet())));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return new Paging(p, s, column + " " + direction + ", " + tieBreaker + " " + direction);
  }

  /** Sort fields of a list, in the order its error message names them: API field, SQL expression, API field, … */
  public static Map<String, String> fields(String... fieldThenColumn) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < fieldThenColumn.length; i += 2) {
      m.put(fieldThenColumn[i], fieldThenColumn[i + 1]);
    }
    return m;
  }

  public int offset() {
    return page * size;
  }
}
