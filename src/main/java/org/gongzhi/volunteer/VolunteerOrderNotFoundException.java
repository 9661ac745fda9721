package org.gongzhi.volunteer;

/** No volunteer order with that number. */
public class VolunteerOrderNotFoundException extends RuntimeException {
  private final String orderNumber;

  public VolunteerOrderNotFoundException(String orderNumber) {
    super("no volunteer order " + orderNumber);
    this.orderNumber = orderNumber;
  }

  public String orderNumber() {
    return orderNumber;
  }
}
