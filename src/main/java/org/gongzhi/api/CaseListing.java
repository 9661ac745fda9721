package org.gongzhi.api;

import java.util.ArrayList;
import java.util.List;
import org.gongzhi.channel.ChannelCaller;
import org.gongzhi.jurisdiction.JurisdictionNode;
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

  CaseListing(JdbcClient jdbc) {
    this.jdbc = jdbc;
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
