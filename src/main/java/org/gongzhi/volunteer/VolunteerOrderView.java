package org.gongzhi.volunteer;

import java.util.List;
import java.util.Optional;

/** An order with its history, its team and its service record. */
public record VolunteerOrderView(VolunteerOrder order, Optional<VolunteerTeam> team, List<VolunteerOrder.Event> events,
                                 Optional<ServiceSummary> service, Optional<String> publicity) {

  /** What was served: when, the note, photos, and hours per volunteer. */
  public record ServiceSummary(java.time.LocalDate servedOn, String note, List<String> photoUrls,
                               List<VolunteerTeams.VolunteerHours> hours) {
  }
}
