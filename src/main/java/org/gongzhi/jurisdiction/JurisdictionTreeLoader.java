package org.gongzhi.jurisdiction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gongzhi.jurisdiction.Jurisdictions.NodeDefinition;
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
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int no = 0;
      while ((line = in.readLine()) != null) {
        no++;
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 5) {
          throw new IllegalArgumentException(resource + " line " + no + ": expected 5 fields, found " + f.length);
        }
        Tier tier;
        try {
          tier = Tier.valueOf(f[3].strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(resource + " line " + no + ": unknown level '" + f[3] + "'");
        }
        String code = f[0].strip();
        if (!code.matches("[A-Za-z0-9-]{1,32}")) {
          throw new IllegalArgumentException(resource + " line " + no + ": code must be 1-32 letters, digits or '-'");
        }
        String parent = f[4].strip();
        defs.add(new NodeDefinition(code, f[1].strip(), f[2].strip(), tier, parent.isEmpty() ? null : parent));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read jurisdiction tree " + resource, e);
    }
    return defs;
  }
}
