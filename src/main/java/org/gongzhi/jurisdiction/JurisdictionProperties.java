package org.gongzhi.jurisdiction;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gongzhi.jurisdiction.*}: where the tree comes from and, in the dev profile, the demo staff.
 *
 * @param tree       a CSV file (Spring resource location) with {@code code,name,name_en,level,parent_code}
 * @param staffFile  optional CSV of staff users {@code userId,firstName,lastName,email,nodeCode,role};
 *                   each gets the password {@link #staffPassword} or, when blank, their user id (demo only)
 */
@Validated
@ConfigurationProperties("gongzhi.jurisdiction")
public record JurisdictionProperties(@NotBlank String tree, String staffFile, String staffPassword) {
}
