package org.gongzhi.support;

import java.util.List;
import java.util.concurrent.Callable;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.stereotype.Component;

/** Runs code as a staff user, the way Tasklist and the engine REST do: with their groups as the engine's authentication. */
@Component
public class Staff {

  // demo staff (src/main/resources/jurisdiction/demo-staff.csv)
  public static final String QINGQUAN = "qingquan";          // 清泉社区 caseworker
  public static final String ZHONGHAIXI = "zhonghaixi";      // 中海西社区 caseworker (sibling of 清泉)
  public static final String HEPAN = "hepan";                // 河畔社区 caseworker (another district)
  public static final String WANLIAN = "wanlian";            // 万莲街道 caseworker
  public static final String WANLIAN_SUP = "wanlian-sup";    // 万莲街道 supervisor
  public static final String SHENHE = "shenhe";              // 沈河区 caseworker
  public static final String SHENHE_SUP = "shenhe-sup";      // 沈河区 supervisor
  public static final String SHENYANG = "shenyang";          // 沈阳市 caseworker (city platform)
  public static final String SHENYANG_SUP = "shenyang-sup";  // 沈阳市 supervisor
  public static final String CHENGGUAN = "chengguan";        // 城管委 caseworker

  public static final String QINGQUAN_COMMUNITY = "210103010001";
  public static final String ZHONGHAIXI_COMMUNITY = "210103010002";
  public static final String HEPAN_COMMUNITY = "210106008003";
  public static final String WANLIAN_STREET = "210103010";
  public static final String SHENHE_DISTRICT = "210103";
  public static final String SHENYANG_CITY = "210100";
  public static final String CHENGGUAN_DEPARTMENT = "210100-cgw";

  private final IdentityService identity;

  public Staff(IdentityService identity) {
    this.identity = identity;
  }

  public static String email(String userId) {
    return userId + "@gongzhi.example";
  }

  public <T> T as(String userId, Callable<T> work) {
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    identity.setAuthentication(userId, groups);
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      identity.clearAuthentication();
    }
  }

  public void as(String userId, Runnable work) {
    as(userId, () -> {
      work.run();
      return null;
    });
  }
}
