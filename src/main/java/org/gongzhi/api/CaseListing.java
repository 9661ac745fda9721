package org.gongzhi.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.system.InvalidInputException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lists of cases as an API key may see them: inside the key's nodes, and only the named resident's when the request
 * names one. {@code table} and {@code numberColumn} are constants of the callers, never request input.
 */
@Component
class CaseListing {

  private final JdbcClient jdbc;
  private final CaseAccess access;

  CaseListing(JdbcClient jdbc, CaseAccess access) {
    this.jdbc = jdbc;
    this.access = access;
  }

  /** A table of cases: its name, its number column and the sort fields of its list. */
  record CaseTable(String table, String numberColumn, Map<String, String> sortable) {
    static CaseTable of(String table, String numberColumn, String numberField) {
      return new CaseTable(table, numberColumn,
          Paging.fields("createdAt", "c.created_at", "updatedAt", "c.updated_at", numberField, "c." + numberColumn));
    }
  }

  /**
   * The list every kind of case offers: optionally of one community (inside the key's nodes) and one status (a value of
   * {@code statuses}), newest first unless sorted otherwise, plus the list's own {@code extra} conditions.
   */
  <T> PageOf<T> cases(ChannelCaller caller, CaseTable table, Class<? extends Enum<?>> statuses, String communityCode, String status,
                      Integer page, Integer size, String sort, List<Condition> extra, RowMapper<T> rows) {
    Paging paging = Paging.of(page, size, sort, table.sortable(), "createdAt,desc", "c." + table.numberColumn());
    List<Condition> conditions = new ArrayList<>(extra);
    if (communityCode != null && !communityCode.isBlank()) {
      access.requireCommunity(caller, communityCode);
      conditions.add(new Condition("c.community_code = ?", communityCode.strip()));
    }
    if (status != null && !status.isBlank()) {
      List<String> names = Arrays.stream(statuses.getEnumConstants()).map(Enum::name).toList();
      if (!names.contains(status)) {
        throw new InvalidInputException("status", "field.unknownStatus", String.join(", ", names));
      }
      conditions.add(new Condition("c.status = ?", status));
    }
    return page(caller, table.table(), table.numberColumn(), conditions, paging, rows);
  }

  /** One condition of the list's own ({@code c.status = ?}) with its parameter. */
  record Condition(String sql, Object value) {
  }

  <T> PageOf<T> page(ChannelCaller caller, String table, String numberColumn, List<Condition> conditions, Paging paging, RowMapper<T> rows) {
    StringBuilder where = new StringBuilder(" from ").append(table).append(" c where exists (select 1 from jurisdiction_node n where n.code = c.community_code and (");
    List<Object> params = new ArrayList<>();
    List<JurisdictionNode> scope = caller.scope();
    if (scope.isEmpty()) {
      where.append("1 = 0");
    }
    for (int i = 0; i < scope.size(); i++) {
      where.append(i == 0 ? "" : " or ").append("n.path like ?");
      params.add(scope.get(i).path() + "%");
    }
    where.append("))");
    if (caller.residentRef() != null) {
      where.append(" and exists (select 1 from case_origin o where o.case_ref = c.").append(numberColumn).append(" and o.resident_ref = ?)");
      params.add(caller.residentRef());
    }
    for (Condition c : conditions) {
      where.append(" and ").append(c.sql());
      params.add(c.value());
    }
    long total = jdbc.sql("select count(*)" + where).params(params).query(Long.class).single();
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(paging.offset());
    pageParams.add(paging.size());
    List<T> items = jdbc.sql("select c.*" + where + " order by " + paging.orderBy() + " offset ? rows fetch next ? rows only")
        .params(pageParams).query(rows).list();
    return PageOf.of(items, paging, total);
  }
}
