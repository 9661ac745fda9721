package org.gongzhi.system;

import java.util.Arrays;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Gongzhi does not start without an administrator it was explicitly given: on a fresh database outside the dev and test
 * profiles, {@code camunda.bpm.admin-user.id} and {@code .password} must be set (and not to the demo's password), or a
 * {@code camunda-admin} user must already exist. Otherwise start-up stops with a message saying what to set, instead of
 * running an engine nobody can administer, or one with a password printed in the README.
 *
 * <p>Login throttling (engine properties {@code login-max-attempts} …) locks an account after too many wrong passwords,
 * and anybody who knows an administrator's user id can cause that. Other administrators unlock it in the Admin web app;
 * when there is none, a start with {@code camunda.bpm.admin-user.id} configured unlocks that administrator.
 */
@Component
class AdministratorGuard {

  private static final Logger LOG = LoggerFactory.getLogger(AdministratorGuard.class);

  /** The dev profile's demo password: never acceptable outside dev and test. */
  static final String DEMO_PASSWORD = "demo";

  private final IdentityService identity;
  private final Environment environment;
  private final String configuredPassword;
  private final String configuredId;

  AdministratorGuard(IdentityService identity, Environment environment,
                     @Value("${camunda.bpm.admin-user.password:}") String configuredPassword,
                     @Value("${camunda.bpm.admin-user.id:}") String configuredId) {
    this.identity = identity;
    this.environment = environment;
    this.configuredPassword = configuredPassword;
    this.configuredId = configuredId;
  }

  /** A configured administrator locked by wrong passwords (someone else's, perhaps) can log in again after a start. */
  @EventListener(ApplicationReadyEvent.class)
  void unlockConfiguredAdministrator() {
    if (configuredId.isBlank()) {
      return;
    }
    identity.clearAuthentication();
    User admin = identity.createUserQuery().userId(configuredId).singleResult();
    if (admin instanceof UserEntity u && (u.getAttempts() > 0 || u.getLockExpirationTime() != null)) {
      identity.unlockUser(configuredId);
      LOG.warn("Administrator {} was locked after {} wrong passwords: unlocked at start (camunda.bpm.admin-user.id)",
          configuredId, u.getAttempts());
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void requireAnAdministrator() {
    if (Arrays.stream(environment.getActiveProfiles()).anyMatch(p -> p.equals("dev") || p.equals("test"))) {
      return;
    }
    check(identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count(), configuredPassword);
  }

  /** Throws when the start must not go on; {@code admins}: users in camunda-admin now. */
  static void check(long admins, String configuredPassword) {
    if (DEMO_PASSWORD.equals(configuredPassword)) {
      throw new IllegalStateException("camunda.bpm.admin-user.password is the demo password 'demo': set a real one "
          + "(CAMUNDA_BPM_ADMINUSER_PASSWORD) or run with the dev profile. 管理员密码不能是演示密码。");
    }
    if (admins == 0) {
      throw new IllegalStateException("No Camunda administrator exists and none is configured: set camunda.bpm.admin-user.id "
          + "and camunda.bpm.admin-user.password (CAMUNDA_BPM_ADMINUSER_ID, CAMUNDA_BPM_ADMINUSER_PASSWORD) for the first start. "
          + "尚无管理员账号：首次启动请设置管理员账号和密码。");
    }
  }
}
