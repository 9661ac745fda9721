package org.gongzhi.volunteer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffDirectory;
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
 * Loads volunteer teams and volunteers from files when configured (the dev profile loads the demo
 * teams); every team gets its Camunda group {@code team-<code>}, Tasklist access and a filter, and its
 * leader an account (password = user id: demo data only).
 */
@Component
@Order(20)
class VolunteerStartup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(VolunteerStartup.class);

  private final VolunteerProperties properties;
  private final VolunteerTeams teams;
  private final StaffDirectory staff;
  private final Jurisdictions jurisdictions;
  private final ResourceLoader resources;
  private final String staffPassword;
  private final StartupLock startupLock;

  VolunteerStartup(VolunteerProperties properties, VolunteerTeams teams, StaffDirectory staff, Jurisdictions jurisdictions,
                   ResourceLoader resources, org.gongzhi.jurisdiction.JurisdictionProperties jurisdictionProperties,
                   StartupLock startupLock) {
    this.startupLock = startupLock;
    this.staffPassword = jurisdictionProperties.staffPassword();
    this.properties = properties;
    this.teams = teams;
    this.staff = staff;
    this.jurisdictions = jurisdictions;
    this.resources = resources;
  }

  /** One node at a time when several start together on one database ({@link StartupLock}). */
  @Override
  public void run(ApplicationArguments args) {
    startupLock.provisioning(this::provision);
  }

  private void provision() {
    if (properties.teamsFile() != null && !properties.teamsFile().isBlank()) {
      List<String> teamCodes = new ArrayList<>();
      read(properties.teamsFile(), 7, f -> {
        List<String> categories = Arrays.stream(f[6].split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String c : categories) {
          if (!properties.categories().containsKey(c)) {
            throw new IllegalArgumentException(properties.teamsFile() + ": team " + f[0] + " names unknown service " + c);
          }
        }
        jurisdictions.require(f[2]);
        VolunteerTeam team = new VolunteerTeam(f[0], f[1], f[2], f[3], categories);
        teams.upsertTeam(team);
        staff.provisionWorkGroup(team.group(), team.name(), List.of(VolunteerOrderProcess.KEY));
        String name = f[4];
        String password = staffPassword == null || staffPassword.isBlank() ? f[3] : staffPassword; // demo: the user id
        staff.addMember(f[3], name.length() > 1 ? name.substring(1) : name, name.substring(0, 1), f[5], password, team.group());
        teamCodes.add(team.code());
      });
      log.info("Volunteer teams {}: {}", properties.teamsFile(), teamCodes.size());
    }
    if (properties.volunteersFile() != null && !properties.volunteersFile().isBlank()) {
      int[] count = {0};
      read(properties.volunteersFile(), 3, f -> {
        teams.upsertVolunteer(new Volunteer(f[0], f[1], f[2]));
        count[0]++;
      });
      log.info("Volunteers {}: {}", properties.volunteersFile(), count[0]);
    }
  }

  private void read(String location, int fields, Consumer<String[]> row) {
    CsvFiles.read(resources.getResource(location), fields, (f, no) -> row.accept(f));
  }
}
