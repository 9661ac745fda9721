package org.gongzhi.merchant;

/** No application or listing with that number: 404. */
public class MerchantApplicationNotFoundException extends RuntimeException {
  private final String applicationNumber;

  public MerchantApplicationNotFoundException(String applicationNumber) {
    super("no merchant application " + applicationNumber);
    this.applicationNumber = applicationNumber;
  }

  public String applicationNumber() {
    return applicationNumber;
  }
}
