package org.gongzhi.content;

/** No submission with that number. */
public class ContentSubmissionNotFoundException extends RuntimeException {
  private final String submissionNumber;

  public ContentSubmissionNotFoundException(String submissionNumber) {
    super("no content submission " + submissionNumber);
    this.submissionNumber = submissionNumber;
  }

  public String submissionNumber() {
    return submissionNumber;
  }
}
