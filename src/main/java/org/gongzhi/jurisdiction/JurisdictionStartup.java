package org.gongzhi.jurisdiction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * At start-up: load the jurisdiction tree, give every node its groups, authorizations and Tasklist
 * filter, and (when {@code gongzhi.jurisdiction.staff-file} is set, as in the dev profile) the staff.
 */
@Component
@Order(10)
class JurisdictionStartup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(JurisdictionStartup.class);

  private final JurisdictionProperties properties;
  private final JurisdictionTreeLoader treeLoader;
  private final StaffDirectory staff;
  private final ResourceLoader resources;

  JurisdictionStartup(JurisdictionProperties properties, JurisdictionTreeLoader treeLoader, StaffDirectory staff,
                      ResourceLoader resources) {
    this.properties = properties;
    this.treeLoader = treeLoader;
    this.staff = staff;
    this.resources = resources;
  }

  @Override
  public void run(ApplicationArguments args) {
    treeLoader.load(properties.tree());
    staff.provisionNodes();
    if (properties.staffFile() != null && !properties.staffFile().isBlank()) {
      loadStaff(properties.staffFile());
    }
  }

  private void loadStaff(String location) {
    int count = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(resources.getResource(location).getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != 6) {
          throw new IllegalArgumentException(location + ": expected userId,firstName,lastName,email,nodeCode,role in: " + line);
        }
        String password = properties.staffPassword() == null || properties.staffPassword().isBlank() ? f[0] : properties.staffPassword();
        staff.addStaff(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip(), password, f[4].strip(),
            StaffRole.valueOf(f[5].strip().toUpperCase(Locale.ROOT)));
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read staff file " + location, e);
    }
    log.info("Staff file {}: {} staff users", location, count);
  }
}
