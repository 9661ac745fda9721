package org.gongzhi.webhook;

/** Webhook delivery on the embedded default database. */
class WebhookDeliveryH2Test extends AbstractWebhookDeliveryTest {
}
