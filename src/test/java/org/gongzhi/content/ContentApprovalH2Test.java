package org.gongzhi.content;

/** The content approval on the embedded default database. */
class ContentApprovalH2Test extends AbstractContentApprovalTest {
}
