package org.gongzhi.jurisdiction;

import java.util.Locale;
import org.gongzhi.system.CsvFiles;
import org.gongzhi.system.StartupLock;
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

  private final StartupLock startupLock;

  JurisdictionStartup(JurisdictionProperties properties, JurisdictionTreeLoader treeLoader, StaffDirectory staff,
                      ResourceLoader resources, StartupLock startupLock) {
    this.startupLock = startupLock;
    this.properties = properties;
    this.treeLoader = treeLoader;
    this.staff = staff;
    this.resources = resources;
  }

  /** One node at a time when several start together on one database ({@link StartupLock}). */
  @Override
  public void run(ApplicationArguments args) {
    startupLock.provisioning(() -> {
      treeLoader.load(properties.tree());
      staff.provisionNodes();
      if (properties.staffFile() != null && !properties.staffFile().isBlank()) {
        loadStaff(properties.staffFile());
      }
    });
  }

  private void loadStaff(String location) {
    int[] count = {0};
    CsvFiles.read(resources.getResource(location), 6, (f, no) -> {
      String password = properties.staffPassword() == null || properties.staffPassword().isBlank() ? f[0] : properties.staffPassword();
      staff.addStaff(f[0], f[1], f[2], f[3], password, f[4], StaffRole.valueOf(f[5].toUpperCase(Locale.ROOT)));
      count[0]++;
    });
    log.info("Staff file {}: {} staff users", location, count[0]);
  }
}
