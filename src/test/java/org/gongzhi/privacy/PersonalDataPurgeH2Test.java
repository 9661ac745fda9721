package org.gongzhi.privacy;

/** The retention purge on the embedded default database (H2). */
class PersonalDataPurgeH2Test extends AbstractPersonalDataPurgeTest {
}
