package org.gongzhi.system;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.context.Context;

/** Small readings of process variables and of the caller, shared by the delegates and task listeners of every process. */
public final class EngineVariables {
  private EngineVariables() {
  }

  /** A variable as text: null stays null, anything else its string form. */
  public static String str(VariableScope scope, String name) {
    Object v = scope.getVariable(name);
    return v == null ? null : v.toString();
  }

  /** A variable as text, stripped; blank or missing is null. */
  public static String text(VariableScope scope, String name) {
    String s = str(scope, name);
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A textarea's value, one entry per line (blank lines and surrounding spaces dropped); empty for none. */
  public static java.util.List<String> lines(String text) {
    return text == null || text.isBlank() ? java.util.List.of()
        : java.util.Arrays.stream(text.split("\\R")).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  public static long longVar(VariableScope scope, String name) {
    Object v = scope.getVariable(name);
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("variable " + name + " is not a number: " + v);
  }

  /** The logged-in user completing or claiming a task (null when the system does it). */
  public static String currentUser(DelegateTask task) {
    var auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return auth == null ? null : auth.getUserId();
  }

  /** Whether a user is in a group, looked up as the system (the caller may not read users). */
  public static boolean isMember(DelegateExecution ex, String userId, String groupId) {
    if (userId == null || groupId == null) {
      return false;
    }
    var identity = ex.getProcessEngineServices().getIdentityService();
    return Context.getCommandContext().runWithoutAuthorization(
        () -> identity.createUserQuery().userId(userId).memberOfGroup(groupId).count() > 0);
  }

  /** A refusal the caller caused: engine REST answers 400 with this message, Tasklist shows it. */
  public static BadUserRequestException refuse(String why) {
    return new BadUserRequestException(why);
  }

  /** Refuses a completion that tries to rewrite a variable the process steers by. */
  public static void unchanged(DelegateTask task, String name, Object truth) {
    Object given = task.getVariable(name);
    if (truth == null ? given != null : !truth.equals(given)) {
      throw refuse("流程变量 " + name + " 不可修改 / variable " + name + " cannot be changed");
    }
  }
}
