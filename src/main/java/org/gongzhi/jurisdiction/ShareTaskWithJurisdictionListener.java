package org.gongzhi.jurisdiction;

import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.task.IdentityLink;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Task listener (create) for every staff task: lets both roles at the handling node and at every
 * node above it read the task — the tiers above see everything below them — while only the
 * candidate group (the handling node's caseworkers) may claim and complete it. Siblings get nothing.
 * Reads the process variable {@value #VAR_HANDLING_NODE}, which every staff process sets. The candidate
 * groups also get READ on the process instance, so that Tasklist shows the variables of the tasks they work on.
 */
@Component("shareTaskWithJurisdictionListener")
public class ShareTaskWithJurisdictionListener implements TaskListener {

  public static final String VAR_HANDLING_NODE = "handlingNode";

  private final Jurisdictions jurisdictions;
  private final StaffDirectory staff;

  public ShareTaskWithJurisdictionListener(Jurisdictions jurisdictions, StaffDirectory staff) {
    this.jurisdictions = jurisdictions;
    this.staff = staff;
  }

  @Override
  public void notify(DelegateTask task) {
    JurisdictionNode node = jurisdictions.require((String) task.getVariable(VAR_HANDLING_NODE));
    var authorizationService = task.getProcessEngineServices().getAuthorizationService();
    // the engine checks the current user's right to create authorizations; this grant is the system's, not theirs
    Context.getCommandContext().runWithoutAuthorization(() -> {
      Set<String> candidates = task.getCandidates().stream().map(IdentityLink::getGroupId).collect(Collectors.toSet());
      for (String group : staff.groupsSeeing(node)) {
        if (candidates.contains(group)) {
          continue; // the engine granted the candidate group its own (read and work) authorization already
        }
        Authorization read = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        read.setGroupId(group);
        read.setResource(Resources.TASK);
        read.setResourceId(task.getId());
        read.addPermission(Permissions.READ);
        authorizationService.saveAuthorization(read);
      }
      // Tasklist shows a filter's variables (case number, title) through a variable query that needs
      // READ on the process instance: the same groups, the candidate group included, get it
      String instance = task.getProcessInstanceId();
      java.util.Set<String> readers = new java.util.LinkedHashSet<>(staff.groupsSeeing(node));
      readers.addAll(candidates); // a candidate group outside the case roles (inspectors) reads what it works on
      readers.remove(null);
      Set<String> granted = groupsGrantedOnInstance(authorizationService, instance);
      for (String group : readers) {
        if (!granted.contains(group)) {
          Authorization read = authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
          read.setGroupId(group);
          read.setResource(Resources.PROCESS_INSTANCE);
          read.setResourceId(instance);
          read.addPermission(Permissions.READ);
          authorizationService.saveAuthorization(read);
        }
      }
      return null;
    });
  }

  /**
   * The groups that may read the instance already — in the database, or earlier in this same transaction (not yet
   * flushed). One query for all of them: a query per group was a tenth of the CPU of a complaint's intake (city benchmark).
   */
  private static Set<String> groupsGrantedOnInstance(org.camunda.bpm.engine.AuthorizationService service, String instance) {
    Set<String> groups = new java.util.HashSet<>();
    Context.getCommandContext().getDbEntityManager().getCachedEntitiesByType(AuthorizationEntity.class).stream()
        .filter(a -> instance.equals(a.getResourceId()) && a.getResourceType() == Resources.PROCESS_INSTANCE.resourceType())
        .map(AuthorizationEntity::getGroupId)
        .forEach(groups::add);
    service.createAuthorizationQuery().resourceType(Resources.PROCESS_INSTANCE).resourceId(instance).list()
        .forEach(a -> groups.add(a.getGroupId()));
    groups.remove(null);
    return groups;
  }
}
