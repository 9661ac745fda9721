package org.gongzhi.jurisdiction;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gongzhi.jurisdiction.Jurisdictions.NodeDefinition;
import org.gongzhi.system.CsvFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/** Reads a jurisdiction tree file ({@code code,name,name_en,level,parent_code}; '#' starts a comment). */
@Component
public class JurisdictionTreeLoader {

  private static final Logger log = LoggerFactory.getLogger(JurisdictionTreeLoader.class);

  private final Jurisdictions jurisdictions;
  private final ResourceLoader resources;

  public JurisdictionTreeLoader(Jurisdictions jurisdictions, ResourceLoader resources) {
    this.jurisdictions = jurisdictions;
    this.resources = resources;
  }

  public int load(String location) {
    Resource resource = resources.getResource(location);
    List<NodeDefinition> defs = parse(resource);
    int changed = jurisdictions.upsert(NodeDefinition.parentsFirst(defs));
    log.info("Jurisdiction tree {}: {} nodes read, {} written", location, defs.size(), changed);
    return defs.size();
  }

  static List<NodeDefinition> parse(Resource resource) {
    List<NodeDefinition> defs = new ArrayList<>();
    CsvFiles.read(resource, 5, (f, no) -> {
      Tier tier;
      try {
        tier = Tier.valueOf(f[3].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(resource + " line " + no + ": unknown level '" + f[3] + "'");
      }
      if (!f[0].matches("[A-Za-z0-9-]{1,32}")) {
        throw new IllegalArgumentException(resource + " line " + no + ": code must be 1-32 letters, digits or '-'");
      }
      defs.add(new NodeDefinition(f[0], f[1], f[2], tier, f[4].isEmpty() ? null : f[4]));
    });
    return defs;
  }
}
