package org.gongzhi.supervision;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard's log-in and log-out (plain form posts, so they work without script). A successful log-in is a
 * Camunda webapp session: the supervisor is logged into Tasklist and Cockpit as well.
 */
@Controller
class SupervisionLogin {

  private final SupervisorAccess access;

  SupervisionLogin(SupervisorAccess access) {
    this.access = access;
  }

  @GetMapping("/supervision")
  ResponseEntity<Void> withSlash() {
    return seeOther("/supervision/");
  }

  @GetMapping("/supervision/")
  String page() {
    return "forward:/supervision/index.html";
  }

  @PostMapping(path = "/supervision/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<Void> logIn(HttpServletRequest request, @RequestParam(required = false) String username,
                             @RequestParam(required = false) String password) {
    return seeOther(access.logIn(request, username, password) ? "/supervision/" : "/supervision/?error=login");
  }

  @PostMapping("/supervision/logout")
  ResponseEntity<Void> logOut(HttpServletRequest request) {
    access.logOut(request);
    return seeOther("/supervision/");
  }

  private static ResponseEntity<Void> seeOther(String location) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
  }
}
