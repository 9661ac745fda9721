package org.gongzhi.api;

import java.util.List;
import org.gongzhi.channel.ChannelCaller;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Hands a controller method the {@link ChannelCaller} that {@link ApiKeyFilter} authenticated. */
@Configuration
class ChannelCallerResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(this);
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == ChannelCaller.class;
  }

  @Override
  public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request, WebDataBinderFactory binders) {
    Object caller = request.getAttribute(ChannelCaller.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (caller == null) { // a path the filter does not cover was mapped to a channel endpoint: a programming error, not a 401
      throw new IllegalStateException("no API caller on " + parameter.getExecutable());
    }
    Object idempotencyKey = request.getAttribute(ChannelCaller.IDEMPOTENCY_KEY_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    return idempotencyKey instanceof String k ? ((ChannelCaller) caller).withIdempotencyKey(k) : caller;
  }
}
