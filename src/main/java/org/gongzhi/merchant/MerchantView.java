package org.gongzhi.merchant;

import java.util.List;
import org.gongzhi.merchant.MerchantApplication.Decision;
import org.gongzhi.merchant.MerchantApplication.Document;
import org.gongzhi.merchant.MerchantApplication.Offer;

/** An application as its merchant follows it: with offers, documents, what is still missing, and every decision. */
public record MerchantView(MerchantApplication application, List<Offer> offers, List<Document> documents, List<String> missingDocuments,
                           List<Decision> decisions) {
}
