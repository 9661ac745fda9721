package org.gongzhi.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.gongzhi.privacy.PersonalDataExport;
import org.gongzhi.supervision.SupervisorAccess;
import org.gongzhi.system.InvalidInputException;
import org.gongzhi.system.InvalidInputException.FieldProblem;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators export everything held about one resident ({@code /api/v1/admin/personal-data}, Camunda administrator
 * by session or HTTP Basic; a PIPL access request): by phone, e-mail, or the channel and the channel's resident id. Every
 * export is recorded and logged without the identifiers (docs/privacy.md). {@code POST …/queries} with the identifiers in
 * a JSON body is the preferred form: a query string lands in access logs and proxies' logs, a body does not.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/personal-data", produces = MediaType.APPLICATION_JSON_VALUE)
class PersonalDataAdminController {

  private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{4,30}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private final PersonalDataExport export;
  private final SupervisorAccess staff;

  PersonalDataAdminController(PersonalDataExport export, SupervisorAccess staff) {
    this.export = export;
    this.staff = staff;
  }

  /** Whom to look for ({@code POST /api/v1/admin/personal-data/queries}): at least one of phone, e-mail, or channel with residentId. */
  record PersonalDataQuery(String phone, String email, String channel, String residentId) {
  }

  /**
   * The preferred form: the identifiers travel in the body, so they appear in no URL (access logs, proxies, history).
   * Same answer, checks and record as the GET.
   */
  @PostMapping(path = "/queries", consumes = MediaType.APPLICATION_JSON_VALUE)
  PersonalDataExport.ResidentDataExport query(@RequestBody PersonalDataQuery query, HttpServletRequest request) {
    return get(query.phone(), query.email(), query.channel(), query.residentId(), request);
  }

  /**
   * The same export with the identifiers in the query string (kept for existing callers; prefer the POST: a query string
   * lands in access logs).
   *
   * @param phone      the phone number the resident gave, in any common form (13812345678, +8613812345678, 86-138 1234 5678:
   *                   compared by its digits)
   * @param email      the e-mail address the resident gave (any case)
   * @param channel    the channel that knows the resident by {@code residentId} (both or neither)
   * @param residentId the channel's id of the resident ({@code X-Resident-Id} of their requests)
   */
  @GetMapping
  PersonalDataExport.ResidentDataExport get(@RequestParam(required = false) String phone,
                                            @RequestParam(required = false) String email,
                                            @RequestParam(required = false) String channel,
                                            @RequestParam(required = false) String residentId, HttpServletRequest request) {
    String admin = staff.requireAdmin(request);
    phone = blankToNull(phone);
    email = blankToNull(email);
    channel = blankToNull(channel);
    residentId = blankToNull(residentId);
    List<FieldProblem> problems = new ArrayList<>();
    if (phone == null && email == null && channel == null && residentId == null) {
      problems.add(new FieldProblem("phone", "privacy.subjectRequired"));
    }
    if (phone != null && !PHONE.matcher(phone).matches()) {
      problems.add(new FieldProblem("phone", "field.phone"));
    }
    if (email != null && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
      problems.add(new FieldProblem("email", "field.email"));
    }
    if (channel != null && !CHANNEL.matcher(channel).matches()) {
      problems.add(new FieldProblem("channel", "field.invalid"));
    }
    if (channel != null && residentId == null) {
      problems.add(new FieldProblem("residentId", "privacy.residentIdWithChannel"));
    }
    if (residentId != null && channel == null) {
      problems.add(new FieldProblem("channel", "privacy.residentIdWithChannel"));
    }
    if (residentId != null && residentId.length() > 200) {
      problems.add(new FieldProblem("residentId", "field.tooLong", 200));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    return export.export(new PersonalDataExport.Subject(phone, email, channel, residentId), admin);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
