package org.gongzhi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Gongzhi (共治): the back office behind residents' channels, on the Camunda 7 engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GongzhiApplication {
  public static void main(String[] args) {
    SpringApplication.run(GongzhiApplication.class, args);
  }
}
