package org.gongzhi.open311;

/** Open311 on the embedded default database (H2). */
class Open311H2Test extends AbstractOpen311Test {
}
