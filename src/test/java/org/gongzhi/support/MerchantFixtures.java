package org.gongzhi.support;

import static org.gongzhi.merchant.MerchantOnboardingProcess.*;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.gongzhi.merchant.MerchantApplications;
import org.gongzhi.merchant.NewMerchantApplication;
import org.gongzhi.merchant.NewMerchantApplication.NewDocument;
import org.gongzhi.merchant.NewMerchantApplication.NewOffer;
import org.gongzhi.merchant.UnifiedSocialCreditCode;
import org.springframework.stereotype.Component;

/** Test fixtures for merchant onboarding: apply, and take each step as its user, the way Tasklist does (claim, then complete). */
@Component
public class MerchantFixtures {

  // demo staff (src/main/resources/jurisdiction/demo-staff.csv)
  public static final String COMMUNITY_CADRE = Staff.QINGQUAN;   // 清泉社区 caseworker: community review and re-review
  public static final String INSPECTOR = "wanlian-insp";          // 万莲街道 inspector
  public static final String STREET_CADRE = Staff.WANLIAN;       // 万莲街道 caseworker: approval, suspension decisions
  public static final String BLOCKED_CODE = "92210103MA0BL0CK1P"; // on the test profile's blocklist

  public static final List<NewDocument> CATERING_DOCUMENTS = List.of(
      new NewDocument("business-licence", "https://files.example.com/licence.pdf"),
      new NewDocument("food-business-permit", "https://files.example.com/food-permit.pdf"),
      new NewDocument("storefront-photo", "https://files.example.com/storefront.jpg"));

  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final MerchantApplications applications;
  private final TaskService tasks;
  private final Staff staff;

  public MerchantFixtures(MerchantApplications applications, TaskService tasks, Staff staff) {
    this.applications = applications;
    this.tasks = tasks;
    this.staff = staff;
  }

  /**
   * A valid credit code no other test uses: Shenyang 沈河区 (210103) companies with a made-up organisation
   * code and the check character computed per GB 32100-2015.
   */
  public static String freshCode() {
    String first17 = "91210103" + "MA" + String.format("%07d", SERIAL.incrementAndGet());
    return first17 + UnifiedSocialCreditCode.checkCharacter(first17);
  }

  /** A noodle shop in 清泉社区 with the catering documents given. */
  public String apply(String code, List<NewDocument> documents) {
    return applications.apply(application(code, documents)).application().applicationNumber();
  }

  public String applyComplete() {
    return apply(freshCode(), CATERING_DOCUMENTS);
  }

  public static NewMerchantApplication application(String code, List<NewDocument> documents) {
    return new NewMerchantApplication(Staff.QINGQUAN_COMMUNITY, "老边饺子馆（清泉店）", code, "catering", "边志远", "13840001234",
        "merchant@shop.example", "沈阳市沈河区清泉路 18 号",
        List.of(new NewOffer("社区老人午餐", "六十岁以上居民凭证就餐", new BigDecimal("20")), new NewOffer("免费送餐上门", "三公里内", null)),
        documents);
  }

  public Task task(String number, String taskKey) {
    return tasks.createTaskQuery().processInstanceBusinessKey(number).taskDefinitionKey(taskKey).singleResult();
  }

  public void approveInCommunity(String number) {
    complete(number, Task_ReviewInCommunity, COMMUNITY_CADRE, Map.of(VAR_DECISION, APPROVE));
  }

  public void passInspection(String number) {
    complete(number, Task_InspectPremises, INSPECTOR, Map.of(VAR_DECISION, PASS, VAR_FINDINGS, "后厨整洁，证照上墙，消防通道畅通。",
        VAR_PHOTO_URLS, "https://files.example.com/visit-1.jpg\nhttps://files.example.com/visit-2.jpg"));
  }

  public void approveInStreet(String number) {
    complete(number, Task_ApproveInStreet, STREET_CADRE, Map.of(VAR_DECISION, APPROVE));
  }

  /** Applies with every document and takes it through the three steps to the catalogue. */
  public String listed() {
    String n = applyComplete();
    approveInCommunity(n);
    passInspection(n);
    approveInStreet(n);
    return n;
  }

  public void complete(String number, String taskKey, String userId, Map<String, Object> vars) {
    Task task = task(number, taskKey);
    if (task == null) {
      throw new IllegalStateException(number + " has no task " + taskKey);
    }
    staff.as(userId, () -> {
      if (task.getAssignee() == null) {
        tasks.claim(task.getId(), userId);
      }
      tasks.complete(task.getId(), new HashMap<>(vars));
    });
  }
}
