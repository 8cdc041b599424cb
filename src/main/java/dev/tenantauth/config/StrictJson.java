package dev.tenantauth.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Wrong JSON types are refused, not coerced: by default Jackson reads {@code {"slug": 123}} into
 * the String "123" and {@code {"active": "false"}} into a boolean, so a body of the wrong types
 * could pass validation and be written. With these settings they fail to bind and
 * {@code ErrorMapper} answers 400 validation_failed naming the field. Duplicate keys are refused.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        for (CoercionInputShape scalar : new CoercionInputShape[] {
            CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // a key given twice is refused (400 malformed_json) rather than bound: Jackson binds a record
        // with a repeated key by a fallback it does not have and failed with 500 (seen on POST /v1/password-reset)
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
