package org.gongzhi.sla;

/** Extensions and pauses on the embedded default, H2. */
class SlaExtensionAndPauseH2Test extends AbstractSlaExtensionAndPauseTest {
}
