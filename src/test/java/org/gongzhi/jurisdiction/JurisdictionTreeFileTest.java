package org.gongzhi.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gongzhi.jurisdiction.Jurisdictions.NodeDefinition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

/** Tree files: the demo tree reads; a malformed file is refused with the line that is wrong. */
class JurisdictionTreeFileTest {

  @Test
  @DisplayName("演示辖区树：沈阳市、五个区、街道与社区、市级部门，层级正确")
  void demoTreeReads() {
    List<NodeDefinition> nodes = JurisdictionTreeLoader.parse(new ClassPathResource("jurisdiction/shenyang-demo-tree.csv"));
    assertThat(nodes).extracting(NodeDefinition::name)
        .contains("沈阳市", "和平区", "沈河区", "铁西区", "皇姑区", "苏家屯区", "万莲街道", "清泉社区", "中海西社区", "河畔社区", "林校社区", "狮慈社区");
    var byCode = new java.util.HashMap<String, NodeDefinition>();
    nodes.forEach(n -> byCode.put(n.code(), n));
    for (NodeDefinition n : nodes) {
      Tier parent = n.parentCode() == null ? null : byCode.get(n.parentCode()).tier();
      assertThat(Jurisdictions.fitsUnder(n.tier(), parent)).as(n.code()).isTrue();
    }
  }

  @Test
  @DisplayName("坏的辖区文件：字段数、层级名、编码格式错误都指明行号")
  void badFilesNameTheLine() {
    assertThatThrownBy(() -> parse("210100,沈阳市,Shenyang,CITY\n")).hasMessageContaining("line 1").hasMessageContaining("5 fields");
    assertThatThrownBy(() -> parse("# c\n210100,沈阳市,Shenyang,PROVINCE,\n")).hasMessageContaining("line 2").hasMessageContaining("PROVINCE");
    assertThatThrownBy(() -> parse("21 01,沈阳市,Shenyang,CITY,\n")).hasMessageContaining("code");
    assertThat(Jurisdictions.fitsUnder(Tier.COMMUNITY, Tier.DISTRICT)).as("a community directly under a district").isFalse();
    assertThat(Jurisdictions.fitsUnder(Tier.DEPARTMENT, Tier.CITY)).isTrue();
    assertThat(Jurisdictions.fitsUnder(Tier.STREET, null)).isFalse();
  }

  private static List<NodeDefinition> parse(String text) {
    return JurisdictionTreeLoader.parse(new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)));
  }
}
