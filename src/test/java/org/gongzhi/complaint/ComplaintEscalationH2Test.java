package org.gongzhi.complaint;

/** The complaint process on the embedded default database (H2). */
class ComplaintEscalationH2Test extends AbstractComplaintEscalationTest {
}
