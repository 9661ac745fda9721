package org.gongzhi.system;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Before every authorization check Camunda narrows the caller's groups to "groups that have any authorization at all",
 * which it learns once per command with {@code SELECT DISTINCT GROUP_ID_ FROM ACT_RU_AUTHORIZATION} — a scan of the whole
 * table. Gongzhi grants per case (every task and instance is shared with the roles of its jurisdiction, 24 rows a case),
 * so that table grows with the open cases, and the scan with it: the city benchmark measured 13 ms per scan at 92,000
 * rows, six scans for one Tasklist page (docs/performance.md).
 *
 * <p>The narrowing changes no answer: a group without authorizations matches no row of the check it would be part of.
 * Camunda does it to keep the {@code IN} lists short for users of directories with hundreds of groups; a Gongzhi user
 * belongs to the groups of one node. So the caller's groups are used as they are (without duplicates and nulls), and
 * the scan is gone.
 */
@Component
class AuthorizedGroupsPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = configuration.getCustomSessionFactories() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomSessionFactories());
    factories.add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class; // replaces the engine's own manager of that type
      }

      @Override
      public Session openSession() {
        return new CallerGroupsAuthorizationManager();
      }
    });
    configuration.setCustomSessionFactories(factories);
  }

  /** Camunda's authorization manager, checking with all of the caller's groups instead of scanning for the authorized ones. */
  static class CallerGroupsAuthorizationManager extends AuthorizationManager {
    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
      if (authenticatedGroupIds == null || authenticatedGroupIds.isEmpty()) {
        return new ArrayList<>();
      }
      return new ArrayList<>(authenticatedGroupIds.stream().filter(Objects::nonNull)
          .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }
  }
}
