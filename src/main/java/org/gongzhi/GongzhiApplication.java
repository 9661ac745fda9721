package org.gongzhi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Gongzhi (共治): the back office behind residents' channels, on the Camunda 7 engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GongzhiApplication {
  /**
   * Timestamps are stored without zone and read as local time, and the dashboard counts China days and weeks in
   * the database: the JVM runs on China time whatever the host's zone (as the tests do).
   */
  public static void main(String[] args) {
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Shanghai"));
    SpringApplication.run(GongzhiApplication.class, args);
  }
}
