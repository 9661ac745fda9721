package org.gongzhi.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.gongzhi.GongzhiApplication;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A production start (no dev or test profile) needs an administrator it was explicitly given. */
class AdministratorGuardTest {

  @Test
  @DisplayName("生产启动没有管理员账号：拒绝启动并说明要设置什么；设置了真实密码：正常启动，且没有任何演示账号")
  void productionStartNeedsAnAdministrator() {
    assertThatThrownBy(() -> start().close())
        .hasStackTraceContaining("No Camunda administrator exists and none is configured")
        .hasStackTraceContaining("CAMUNDA_BPM_ADMINUSER_PASSWORD");
    try (ConfigurableApplicationContext app = start("--camunda.bpm.admin-user.id=ops-admin",
        "--camunda.bpm.admin-user.password=" + UUID.randomUUID())) {
      IdentityService identity = app.getBean(IdentityService.class);
      assertThat(identity.createUserQuery().list()).as("no demo administrator, no demo staff outside the dev profile")
          .extracting(User::getId).containsExactly("ops-admin");
      assertThat(identity.checkPassword("demo", "demo")).isFalse();
    }
  }

  @Test
  @DisplayName("管理员密码是演示密码 demo：拒绝启动")
  void theDemoPasswordIsRefused() {
    assertThatThrownBy(() -> AdministratorGuard.check(1, "demo")).hasMessageContaining("demo password");
    AdministratorGuard.check(1, "");          // an administrator already in the database, none configured: fine
    AdministratorGuard.check(1, "S3cure-enough");
  }

  /** Gongzhi with the production defaults (no profile) on a fresh in-memory database, on a free port. */
  static ConfigurableApplicationContext start(String... extra) {
    String[] base = {"--server.port=0", "--spring.datasource.url=jdbc:h2:mem:guard-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "--camunda.bpm.job-execution.enabled=false", "--gongzhi.webhook.poller-enabled=false",
        "--camunda.bpm.process-engine-name=guard" + UUID.randomUUID().toString().substring(0, 8)};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return new SpringApplicationBuilder(GongzhiApplication.class).run(args);
  }
}
