package org.gongzhi.merchant;

/** Merchant onboarding on the embedded default, H2. */
class MerchantOnboardingH2Test extends AbstractMerchantOnboardingTest {
}
