package org.gongzhi.complaint;

/** No complaint with that case number (or none the caller may see). */
public class ComplaintNotFoundException extends RuntimeException {
  private final String caseNumber;

  public ComplaintNotFoundException(String caseNumber) {
    super("no complaint " + caseNumber);
    this.caseNumber = caseNumber;
  }

  public String caseNumber() {
    return caseNumber;
  }
}
