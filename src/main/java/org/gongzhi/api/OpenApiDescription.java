package org.gongzhi.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gongzhi.channel.ChannelCaller;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 description of {@code /api/v1} that springdoc generates from the controllers ({@code /v3/api-docs},
 * Swagger UI at {@code /swagger-ui.html}, both for logged-in staff only: {@link ApiDocsAccessFilter}). What the annotations
 * do not say is added here, path by path, so that the controllers stay free of documentation annotations: who
 * authenticates how (API key or staff HTTP Basic), the optional headers {@code X-Resident-Id} and {@code Idempotency-Key},
 * and the problem-details answers. The committed copy is {@code docs/openapi.yaml}; {@code OpenApiContractTest} fails
 * when the two differ, so the output is kept stable: a fixed server entry, keys sorted (application.yaml).
 */
@Configuration
class OpenApiDescription {

  static final String API_KEY_SCHEME = "apiKey";
  static final String STAFF_SCHEME = "staffBasic";
  static final List<String> STAFF_PREFIXES = List.of("/api/v1/supervision", "/api/v1/admin");
  private static final String PROBLEM = "Problem";
  private static final String PROBLEM_JSON = "application/problem+json";

  static {
    // the caller is resolved from the API key (ChannelCallerResolver), never sent by the client
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(ChannelCaller.class);
  }

  @Bean
  OpenAPI gongzhiOpenApi() {
    return new OpenAPI()
        .info(new Info().title("共治 Gongzhi — 集成接口 / Integration API").version("v1").description("""
            居民渠道（微信、区级 App、互动电视、12345 热线）和集成方通过 `/api/v1` 提交和跟踪诉求、志愿服务单、稿件和商户申请。\
            渠道用请求头 `X-API-Key` 中的 API 密钥认证；监督和管理接口用 Camunda 账号（HTTP Basic）。\
            错误按 RFC 9457 以 `application/problem+json` 返回，默认中文，`Accept-Language: en` 返回英文。\
            创建类 POST 支持 `Idempotency-Key`：同一键、同一请求重放原应答。

            Resident channels (WeChat, the district app, interactive TV, the 12345 hotline) and integrators submit and follow \
            complaints, volunteer orders, content submissions and merchant applications through `/api/v1`. Channels \
            authenticate with an API key in the `X-API-Key` header; supervision and administration use Camunda accounts \
            (HTTP Basic). Errors are RFC 9457 problem details (`application/problem+json`), in Chinese unless \
            `Accept-Language: en`. POSTs honour `Idempotency-Key`: the same key with the same request replays the first answer."""))
        .servers(List.of(new Server().url("/").description("this Gongzhi server / 本服务器")))
        .components(new Components()
            .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name(ApiKeyFilter.KEY_HEADER).description("渠道或集成方的 API 密钥 / the channel's or integrator's API key"))
            .addSecuritySchemes(STAFF_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("Camunda 账号（主管、管理员）/ a Camunda account (supervisors, administrators)")));
  }

  /**
   * Operation ids and tags from the controller and method ({@code complaint.submit}, tag {@code complaint}): unique and
   * the same on every run, where springdoc's own would number clashing method names ({@code submit_1}) in whatever order
   * it met them.
   */
  @Bean
  OperationCustomizer gongzhiOperationIds() {
    return (operation, handler) -> {
      String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
      String tag = Character.toLowerCase(controller.charAt(0)) + controller.substring(1);
      operation.setOperationId(tag + "." + handler.getMethod().getName());
      operation.setTags(List.of(tag));
      return operation;
    };
  }

  /** Security, optional headers and problem answers on every operation, decided by its path. */
  @Bean
  OpenApiCustomizer gongzhiOperations() {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi.getComponents().addSchemas(PROBLEM, problemSchema()); // here: springdoc rebuilds the bean's schemas
      openApi.getPaths().forEach((path, item) -> {
        boolean staff = STAFF_PREFIXES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/") || path.startsWith(p + "."));
        item.readOperationsMap().forEach((method, operation) -> describe(path, method, operation, staff));
      });
    };
  }

  private static void describe(String path, PathItem.HttpMethod method, Operation operation, boolean staff) {
    operation.setSecurity(List.of(new SecurityRequirement().addList(staff ? STAFF_SCHEME : API_KEY_SCHEME)));
    if (!staff) {
      addHeader(operation, new HeaderParameter().name(ApiKeyFilter.RESIDENT_HEADER).required(false)
          .description("居民渠道必填：居民在渠道中的标识，只能读到该居民自己的案件 / required for resident channels: the resident's id "
              + "in the channel; only that resident's cases are visible")
          .schema(new StringSchema().minLength(1).maxLength(128)));
    }
    if (method == PathItem.HttpMethod.POST && !staff) {
      addHeader(operation, new HeaderParameter().name(IdempotencyFilter.KEY_HEADER).required(false)
          .description("1–255 个可见 ASCII 字符；同一键、同一请求重放原应答（带 Idempotency-Replayed: true），不同请求 422 / "
              + "1–255 visible ASCII characters; the same key with the same request replays the first answer "
              + "(with Idempotency-Replayed: true), with another request it is 422")
          .schema(new StringSchema().minLength(1).maxLength(255)));
    }
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    Map<String, String> problems = new java.util.LinkedHashMap<>();
    problems.put("400", "请求有误（逐字段列出）/ invalid request (one entry per field)");
    problems.put("401", staff ? "需要登录 / a Camunda account is required" : "缺少或无效的 API 密钥 / missing or invalid API key");
    problems.put("403", staff ? "无权访问 / not permitted" : "此密钥无权调用该资源 / the key may not call this resource");
    if (path.contains("{")) {
      problems.put("404", "不存在或不在调用方辖区内 / not found or outside the caller's jurisdiction");
    }
    if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
      problems.put("409", "当前状态不允许，或同一 Idempotency-Key 的请求仍在处理 / not allowed in the current state, or the "
          + "request with the same Idempotency-Key is still in progress");
    }
    if (method == PathItem.HttpMethod.POST && !staff) {
      problems.put("413", "请求体过大 / request body too large");
      problems.put("422", "Idempotency-Key 已用于另一请求 / Idempotency-Key already used for a different request");
    }
    if (!staff) {
      problems.put("429", "超过此密钥的频率限制，见 Retry-After / over the key's rate limit, see Retry-After");
    }
    problems.forEach((status, description) -> {
      if (!responses.containsKey(status)) {
        responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
            .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
      }
    });
    operation.setResponses(responses);
  }

  private static void addHeader(Operation operation, Parameter header) {
    List<Parameter> parameters = operation.getParameters() == null ? new ArrayList<>() : new ArrayList<>(operation.getParameters());
    if (parameters.stream().noneMatch(p -> header.getName().equalsIgnoreCase(p.getName()) && "header".equals(p.getIn()))) {
      parameters.add(header);
    }
    operation.setParameters(parameters);
  }

  /** RFC 9457 problem details with Gongzhi's per-field list. */
  @SuppressWarnings("rawtypes")
  private static Schema problemSchema() {
    Schema<?> fieldError = new ObjectSchema()
        .addProperty("field", new StringSchema().description("字段或请求头 / the field or header"))
        .addProperty("code", new StringSchema().description("机器可读的错误代码 / machine-readable code"))
        .addProperty("message", new StringSchema().description("给人看的说明 / what to fix"));
    return new ObjectSchema().description("RFC 9457 problem details")
        .addProperty("type", new StringSchema().format("uri").example(Problems.TYPE_BASE + "validation"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema().format("uri"))
        .addProperty("errors", new ArraySchema().items(fieldError));
  }
}
