package org.gongzhi.jurisdiction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff and what they may see. Every staff user belongs to one node with one role; from that follow
 * their Camunda groups ({@code caseworker-<node>}, {@code supervisor-<node>}), the Tasklist filter of
 * their node (its whole subtree, never a sibling) and the authorizations that let Tasklist and the
 * engine REST show them exactly that.
 */
@Component
public class StaffDirectory {

  /** Process definitions whose tasks staff work on in Tasklist. */
  static final String WITHDRAWAL_PROCESS = "content-withdrawal";
  static final List<String> STAFF_PROCESSES = List.of("complaint-escalation", "volunteer-order", "content-approval", "content-withdrawal",
      "merchant-onboarding", "sla-extension");
  /** Whoever holds a case may ask for more time on it (started from Tasklist). */
  static final String EXTENSION_PROCESS = "sla-extension";

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final Jurisdictions jurisdictions;
  private final JdbcClient jdbc;

  public StaffDirectory(IdentityService identity, AuthorizationService authorizations, FilterService filters,
                        TaskService tasks, Jurisdictions jurisdictions, JdbcClient jdbc) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
    this.jurisdictions = jurisdictions;
    this.jdbc = jdbc;
  }

  /** Groups, group authorizations and Tasklist filters for every node of the tree; idempotent. */
  @Transactional
  public void provisionNodes() {
    Map<String, Group> existing = new HashMap<>();
    identity.createGroupQuery().list().forEach(g -> existing.put(g.getId(), g));
    // groups made by an earlier version lack the processes added since: one query finds what they already read
    java.util.Set<String> readable = new java.util.HashSet<>();
    authorizations.createAuthorizationQuery().resourceType(Resources.PROCESS_DEFINITION).list()
        .forEach(a -> readable.add(a.getGroupId() + "|" + a.getResourceId()));
    for (JurisdictionNode node : jurisdictions.all()) {
      for (StaffRole role : StaffRole.values()) {
        String groupId = role.groupOf(node.code());
        if (!existing.containsKey(groupId)) {
          Group g = identity.newGroup(groupId);
          g.setName(node.name() + " " + role.label(java.util.Locale.SIMPLIFIED_CHINESE));
          g.setType("WORKFLOW");
          identity.saveGroup(g);
          grant(groupId, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
          if (role == StaffRole.REVIEWER && node.tier() == Tier.DISTRICT) {
            // the final-review level withdraws content by starting content-withdrawal from Tasklist
            grant(groupId, Resources.PROCESS_DEFINITION, WITHDRAWAL_PROCESS, Permissions.CREATE_INSTANCE);
            grant(groupId, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
          }
        }
        for (String key : STAFF_PROCESSES) {
          if (!readable.contains(groupId + "|" + key)) {
            grant(groupId, Resources.PROCESS_DEFINITION, key, Permissions.READ);
          }
        }
        if (role != StaffRole.SUPERVISOR && role != StaffRole.AUTHOR && !readable.contains(groupId + "|" + EXTENSION_PROCESS)) {
          grant(groupId, Resources.PROCESS_DEFINITION, EXTENSION_PROCESS, Permissions.CREATE_INSTANCE);
          grant(groupId, Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
        }
      }
      provisionFilter(node);
    }
  }

  /** Creates a staff user at a node with a role; the user's groups follow from that. */
  @Transactional
  public void addStaff(String userId, String firstName, String lastName, String email, String password,
                       String nodeCode, StaffRole role) {
    JurisdictionNode node = jurisdictions.require(nodeCode);
    addMember(userId, firstName, lastName, email, password, role.groupOf(node.code()));
    jdbc.sql("delete from staff_assignment where user_id = ?").param(userId).update();
    jdbc.sql("insert into staff_assignment (user_id, node_code, role) values (?, ?, ?)")
        .params(userId, node.code(), role.name()).update();
    if (role == StaffRole.AUTHOR || role == StaffRole.DISPATCHER) { // dispatchers author the publicity of their services
      provisionAuthorFilter(userId);
    }
  }

  /** A media volunteer's own Tasklist filter: the submissions returned to them for revision. */
  private void provisionAuthorFilter(String userId) {
    String name = "我的稿件 / My submissions · " + userId;
    Filter filter = filters.createFilterQuery().filterName(name).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(name);
    }
    filter.setQuery(tasks.createTaskQuery().taskAssignee(userId).orderByDueDate().asc());
    filter.setProperties(Map.of("description", "退回修改的稿件 / Submissions returned for revision", "priority", 1, "refresh", true,
        "variables", List.of(Map.of("name", "caseNumber", "label", "编号 / Submission"), Map.of("name", "title", "label", "标题 / Title"))));
    filters.saveFilter(filter);
    if (authorizations.createAuthorizationQuery().userIdIn(userId).resourceType(Resources.FILTER).resourceId(filter.getId()).count() == 0) {
      Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      auth.setUserId(userId);
      auth.setResource(Resources.FILTER);
      auth.setResourceId(filter.getId());
      auth.addPermission(Permissions.READ);
      authorizations.saveAuthorization(auth);
    }
  }

  public Optional<Assignment> assignmentOf(String userId) {
    return jdbc.sql("select node_code, role from staff_assignment where user_id = ?").param(userId)
        .query((rs, i) -> new Assignment(userId, jurisdictions.require(rs.getString(1)), StaffRole.valueOf(rs.getString(2))))
        .optional();
  }

  /** Whether anyone holds this role at this node. */
  public boolean hasStaff(String nodeCode, StaffRole role) {
    return jdbc.sql("select count(*) from staff_assignment where node_code = ? and role = ?").params(nodeCode, role.name())
        .query(Integer.class).single() > 0;
  }

  /** E-mail addresses of the members of a node's group for a role. */
  public List<String> emailsOf(String nodeCode, StaffRole role) {
    List<String> emails = new ArrayList<>();
    for (User u : identity.createUserQuery().memberOfGroup(role.groupOf(nodeCode)).list()) {
      if (u.getEmail() != null && !u.getEmail().isBlank()) {
        emails.add(u.getEmail());
      }
    }
    return emails;
  }

  /** Groups that may see case work held at {@code node}: the case-handling roles at the node and at every node above it. */
  public List<String> groupsSeeing(JurisdictionNode node) {
    List<String> groups = new ArrayList<>();
    for (JurisdictionNode n : jurisdictions.ancestorsAndSelf(node)) {
      for (StaffRole role : StaffRole.values()) {
        if (role.handlesCases()) {
          groups.add(role.groupOf(n.code()));
        }
      }
    }
    return groups;
  }

  private void provisionFilter(JurisdictionNode node) {
    String name = node.name() + " · 待办 / To do";
    List<String> candidateGroups = jurisdictions.subtree(node).stream()
        .flatMap(n -> java.util.stream.Stream.of(StaffRole.CASEWORKER.groupOf(n.code()), StaffRole.DISPATCHER.groupOf(n.code()),
            StaffRole.REVIEWER.groupOf(n.code()), StaffRole.INSPECTOR.groupOf(n.code()),
            StaffRole.SUPERVISOR.groupOf(n.code())))
        .toList();
    TaskQuery query = tasks.createTaskQuery().taskCandidateGroupIn(candidateGroups).includeAssignedTasks().orderByDueDate().asc();
    Map<String, Object> properties = new HashMap<>();
    properties.put("description", node.name() + "及下辖单位的待办 / Work in " + node.displayName(java.util.Locale.ENGLISH) + " and below");
    properties.put("priority", switch (node.tier()) {
      case COMMUNITY, DEPARTMENT -> 10;
      case STREET -> 20;
      case DISTRICT -> 30;
      case CITY -> 40;
    });
    properties.put("refresh", true);
    properties.put("gongzhiNode", node.code());
    properties.put("variables", List.of(
        Map.of("name", "caseNumber", "label", "编号 / Case"),
        Map.of("name", "title", "label", "标题 / Title"),
        Map.of("name", "handlingNodeName", "label", "办理单位 / Unit")));
    Filter filter = filters.createFilterQuery().filterName(name).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(name);
    }
    filter.setOwner(null);
    filter.setQuery(query);
    filter.setProperties(properties);
    filters.saveFilter(filter);
    for (StaffRole role : StaffRole.values()) {
      grant(role.groupOf(node.code()), Resources.FILTER, filter.getId(), Permissions.READ);
    }
  }

  /**
   * A Camunda group outside the tree (a volunteer team): the group, Tasklist access, and a filter of its
   * own candidate tasks readable only by it. Idempotent.
   */
  @Transactional
  public void provisionWorkGroup(String groupId, String name, List<String> processKeys) {
    if (identity.createGroupQuery().groupId(groupId).count() == 0) {
      Group g = identity.newGroup(groupId);
      g.setName(name);
      g.setType("WORKFLOW");
      identity.saveGroup(g);
    }
    grant(groupId, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    for (String key : processKeys) {
      grant(groupId, Resources.PROCESS_DEFINITION, key, Permissions.READ);
    }
    String filterName = name + " · 待办 / To do";
    Filter filter = filters.createFilterQuery().filterName(filterName).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(filterName);
    }
    filter.setQuery(tasks.createTaskQuery().taskCandidateGroup(groupId).includeAssignedTasks().orderByDueDate().asc());
    filter.setProperties(Map.of("description", name, "priority", 5, "refresh", true, "variables", List.of(
        Map.of("name", "orderNumber", "label", "编号 / Order"), Map.of("name", "categoryLabel", "label", "服务 / Service"))));
    filters.saveFilter(filter);
    grant(groupId, Resources.FILTER, filter.getId(), Permissions.READ);
  }

  /** Creates a user (if new) and makes them a member of a group (if not yet). */
  @Transactional
  public void addMember(String userId, String firstName, String lastName, String email, String password, String groupId) {
    if (identity.createUserQuery().userId(userId).singleResult() == null) {
      User u = identity.newUser(userId);
      u.setFirstName(firstName);
      u.setLastName(lastName);
      u.setEmail(email);
      u.setPassword(password);
      identity.saveUser(u);
    }
    if (identity.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
      identity.createMembership(userId, groupId);
    }
  }

  /** A user's name as staff read it (family name first), if the user exists. */
  public Optional<String> displayNameOf(String userId) {
    return Optional.ofNullable(userId).map(id -> identity.createUserQuery().userId(id).singleResult())
        .map(u -> (u.getLastName() == null ? "" : u.getLastName()) + (u.getFirstName() == null ? "" : u.getFirstName()));
  }

  public Optional<String> emailOf(String userId) {
    return Optional.ofNullable(userId).map(id -> identity.createUserQuery().userId(id).singleResult())
        .map(User::getEmail).filter(e -> !e.isBlank());
  }

  /** E-mail addresses of a group's members. */
  public List<String> emailsOfGroup(String groupId) {
    return identity.createUserQuery().memberOfGroup(groupId).list().stream()
        .map(User::getEmail).filter(e -> e != null && !e.isBlank()).toList();
  }

  private void grant(String groupId, Resource resource, String resourceId, Permission permission) {
    Authorization existing = authorizations.createAuthorizationQuery().groupIdIn(groupId)
        .resourceType(resource).resourceId(resourceId).singleResult();
    Authorization auth = existing != null ? existing : authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    auth.setGroupId(groupId);
    auth.setResource(resource);
    auth.setResourceId(resourceId);
    auth.addPermission(permission);
    authorizations.saveAuthorization(auth);
  }

  /** A staff user's place: their node and role. */
  public record Assignment(String userId, JurisdictionNode node, StaffRole role) {
  }
}
