package org.gongzhi.volunteer;

/** The volunteer process on the embedded default database (H2). */
class VolunteerOrderH2Test extends AbstractVolunteerOrderTest {
}
