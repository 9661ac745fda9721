package org.gongzhi.supervision;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.gongzhi.jurisdiction.JurisdictionNode;
import org.gongzhi.jurisdiction.Jurisdictions;
import org.gongzhi.jurisdiction.StaffDirectory;
import org.gongzhi.jurisdiction.StaffRole;
import org.gongzhi.jurisdiction.Tier;
import org.gongzhi.supervision.SupervisionAccessException.Reason;
import org.springframework.stereotype.Component;

/**
 * Who is looking at the dashboard, and what they may see. Supervisors log in with their Camunda account —
 * through the dashboard's own form or Camunda's webapps (one session serves both) — or send HTTP Basic.
 * A supervisor sees their node's subtree; an administrator the whole city; nobody else anything.
 */
@Component
public class SupervisorAccess {

  private final ProcessEngine engine;
  private final IdentityService identity;
  private final StaffDirectory staff;
  private final Jurisdictions jurisdictions;

  public SupervisorAccess(ProcessEngine engine, StaffDirectory staff, Jurisdictions jurisdictions) {
    this.engine = engine;
    this.identity = engine.getIdentityService();
    this.staff = staff;
    this.jurisdictions = jurisdictions;
  }

  /** Checks the password (Camunda throttles repeated failures) and logs the user into the session, for Tasklist too. */
  public boolean logIn(HttpServletRequest request, String userId, String password) {
    if (userId == null || userId.isBlank() || password == null || !identity.checkPassword(userId.strip(), password)) {
      return false;
    }
    UserAuthentication authentication = AuthenticationUtil.createAuthentication(engine, userId.strip());
    if (authentication == null) {
      return false;
    }
    AuthenticationUtil.revalidateSession(request, authentication); // a new session id: no fixation
    return true;
  }

  public void logOut(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  /** The supervisor behind this request; 401 when nobody is logged in, 403 when they are not a supervisor. */
  public Supervisor require(HttpServletRequest request) {
    String userId = currentUser(request).orElseThrow(() -> new SupervisionAccessException(Reason.NOT_AUTHENTICATED, null));
    boolean admin = identity.createUserQuery().userId(userId).memberOfGroup(Groups.CAMUNDA_ADMIN).count() > 0;
    String name = staff.displayNameOf(userId).filter(n -> !n.isBlank()).orElse(userId);
    if (admin) {
      JurisdictionNode city = jurisdictions.ofTier(Tier.CITY).stream().findFirst()
          .orElseThrow(() -> new IllegalStateException("the jurisdiction tree has no city"));
      return new Supervisor(userId, name, city, true);
    }
    var assignment = staff.assignmentOf(userId).filter(a -> a.role() == StaffRole.SUPERVISOR)
        .orElseThrow(() -> new SupervisionAccessException(Reason.NOT_SUPERVISOR, userId));
    return new Supervisor(userId, name, assignment.node(), false);
  }

  /**
   * The node to report on: the supervisor's own, or one inside their subtree. Anything else is "not found",
   * so that node codes outside the subtree cannot be probed.
   */
  public JurisdictionNode scope(Supervisor s, String nodeCode) {
    if (nodeCode == null || nodeCode.isBlank()) {
      return s.node();
    }
    return jurisdictions.find(nodeCode.strip()).filter(s.node()::contains)
        .orElseThrow(() -> new SupervisionAccessException(Reason.NOT_VISIBLE, nodeCode));
  }

  /** The administrator behind this request (member of camunda-admin): 401 when nobody is logged in, 403 for anyone else. */
  public String requireAdmin(HttpServletRequest request) {
    String userId = currentUser(request).orElseThrow(() -> new SupervisionAccessException(Reason.NOT_AUTHENTICATED, null));
    if (identity.createUserQuery().userId(userId).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
      throw new SupervisionAccessException(Reason.NOT_ADMIN, userId);
    }
    return userId;
  }

  /** The Camunda user logged in to this session (dashboard or webapps), or named with a correct password by HTTP Basic. */
  public Optional<String> currentUser(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
      if (authentications != null && authentications.hasAuthenticationForProcessEngine(engine.getName())) {
        return Optional.of(authentications.getAuthenticationForProcessEngine(engine.getName()).getName());
      }
    }
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      if (colon > 0 && identity.checkPassword(decoded.substring(0, colon), decoded.substring(colon + 1))) {
        return Optional.of(decoded.substring(0, colon));
      }
    }
    return Optional.empty();
  }
}
