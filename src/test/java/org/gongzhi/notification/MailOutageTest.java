package org.gongzhi.notification;

/** Mail outages on the embedded default database (H2). */
class MailOutageTest extends AbstractMailOutageTest {
}
