package org.gongzhi.jurisdiction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The jurisdiction tree: stored in {@code jurisdiction_node}, read through an in-memory snapshot
 * (a city has a few thousand nodes) that is refreshed whenever a tree is loaded.
 */
@Component
public class Jurisdictions {

  private final JdbcClient jdbc;
  private final AtomicReference<Map<String, JurisdictionNode>> snapshot = new AtomicReference<>();

  public Jurisdictions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<JurisdictionNode> find(String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(nodes().get(code));
  }

  public JurisdictionNode require(String code) {
    return find(code).orElseThrow(() -> new NoSuchElementException("unknown jurisdiction node " + code));
  }

  public Optional<JurisdictionNode> parentOf(JurisdictionNode node) {
    return find(node.parentCode());
  }

  /** The node and all nodes above it, root first. */
  public List<JurisdictionNode> ancestorsAndSelf(JurisdictionNode node) {
    return node.pathCodes().stream().map(this::require).toList();
  }

  /** The node and every node below it. */
  public List<JurisdictionNode> subtree(JurisdictionNode node) {
    return nodes().values().stream().filter(node::contains)
        .sorted(Comparator.comparing(JurisdictionNode::path)).toList();
  }

  public List<JurisdictionNode> ofTier(Tier tier) {
    return nodes().values().stream().filter(n -> n.tier() == tier)
        .sorted(Comparator.comparing(JurisdictionNode::code)).toList();
  }

  public Collection<JurisdictionNode> all() {
    return nodes().values();
  }

  /**
   * Inserts new nodes and updates names of known ones. Nodes are never deleted: cases keep
   * pointing at them. Parents must come before children (or already exist).
   */
  @Transactional
  public int upsert(List<NodeDefinition> definitions) {
    Map<String, String> paths = new LinkedHashMap<>();
    Map<String, Tier> tiers = new LinkedHashMap<>();
    jdbc.sql("select code, path, level from jurisdiction_node").query((rs, i) -> {
      tiers.put(rs.getString(1), Tier.valueOf(rs.getString(3)));
      return paths.put(rs.getString(1), rs.getString(2));
    }).list();
    int changed = 0;
    for (NodeDefinition d : definitions) {
      String parentPath = d.parentCode() == null ? "/" : paths.get(d.parentCode());
      if (parentPath == null) {
        throw new IllegalArgumentException("node " + d.code() + " names unknown parent " + d.parentCode());
      }
      Tier parentTier = d.parentCode() == null ? null : tiers.get(d.parentCode());
      if (!fitsUnder(d.tier(), parentTier)) {
        throw new IllegalArgumentException("node " + d.code() + " (" + d.tier() + ") cannot sit under "
            + (parentTier == null ? "nothing" : d.parentCode() + " (" + parentTier + ")"));
      }
      String path = parentPath + d.code() + "/";
      if (paths.containsKey(d.code())) {
        changed += jdbc.sql("update jurisdiction_node set name = ?, name_en = ?, level = ?, parent_code = ?, path = ? where code = ?")
            .params(d.name(), d.nameEn(), d.tier().name(), d.parentCode(), path, d.code()).update();
      } else {
        changed += jdbc.sql("insert into jurisdiction_node (code, name, name_en, level, parent_code, path) values (?, ?, ?, ?, ?, ?)")
            .params(d.code(), d.name(), d.nameEn(), d.tier().name(), d.parentCode(), path).update();
      }
      paths.put(d.code(), path);
      tiers.put(d.code(), d.tier());
    }
    snapshot.set(null);
    return changed;
  }

  /** city at the root; district under city; street under district; community under street; departments under the city. */
  static boolean fitsUnder(Tier child, Tier parent) {
    return switch (child) {
      case CITY -> parent == null;
      case DISTRICT, DEPARTMENT -> parent == Tier.CITY;
      case STREET -> parent == Tier.DISTRICT;
      case COMMUNITY -> parent == Tier.STREET;
    };
  }

  private Map<String, JurisdictionNode> nodes() {
    Map<String, JurisdictionNode> current = snapshot.get();
    if (current == null) {
      Map<String, JurisdictionNode> loaded = new LinkedHashMap<>();
      jdbc.sql("select code, name, name_en, level, parent_code, path from jurisdiction_node order by path")
          .query((rs, i) -> new JurisdictionNode(rs.getString(1), rs.getString(2), rs.getString(3),
              Tier.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6)))
          .list().forEach(n -> loaded.put(n.code(), n));
      current = Map.copyOf(loaded);
      snapshot.set(current);
    }
    return current;
  }

  /** A node as read from a tree file. */
  public record NodeDefinition(String code, String name, String nameEn, Tier tier, String parentCode) {
    static List<NodeDefinition> parentsFirst(List<NodeDefinition> defs) {
      List<NodeDefinition> sorted = new ArrayList<>(defs.size());
      java.util.Set<String> placed = new java.util.HashSet<>();
      List<NodeDefinition> pending = new ArrayList<>(defs);
      java.util.Set<String> inFile = new java.util.HashSet<>();
      defs.forEach(d -> inFile.add(d.code()));
      while (!pending.isEmpty()) {
        int before = pending.size();
        pending.removeIf(d -> {
          if (d.parentCode() == null || placed.contains(d.parentCode()) || !inFile.contains(d.parentCode())) {
            sorted.add(d);
            placed.add(d.code());
            return true;
          }
          return false;
        });
        if (pending.size() == before) {
          throw new IllegalArgumentException("the tree has a cycle among " + pending.stream().map(NodeDefinition::code).toList());
        }
      }
      return sorted;
    }
  }
}
